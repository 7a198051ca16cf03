import { describe, expect, test } from "bun:test";
import { tokenize } from "../../cmd/args.ts";
import { parsePropertyList } from "../../cmd/property-list.ts";
import { UsageError } from "../../cmd/usage-error.ts";

describe("tokenize", () => {
  test("takes -flag value and --flag value alike, keeping the spelling", () => {
    expect(tokenize(["-m", "1G", "--machine", "pseries", "-S"])).toEqual([
      { option: "memory", spelling: "-m", value: "1G", properties: [{ key: "size", value: "1G", source: "-m 1G" }] },
      {
        option: "machine",
        spelling: "--machine",
        value: "pseries",
        properties: [{ key: "type", value: "pseries", source: "--machine pseries" }],
      },
      { option: "startPaused", spelling: "-S" },
    ]);
  });

  test("leaves plain values unsplit", () => {
    expect(tokenize(["-append", "console=hvc0,115200 quiet"])).toEqual([
      { option: "append", spelling: "-append", value: "console=hvc0,115200 quiet", properties: undefined },
    ]);
  });

  test("rejects -flag=value with the spelling QEMU wants", () => {
    expect(() => tokenize(["-m=1G"])).toThrow(
      new UsageError("-m=1G: unknown option; the value goes in the next argument: -m 1G"),
    );
  });
});

describe("parsePropertyList", () => {
  test("the first bare item is the implied key", () => {
    expect(parsePropertyList("pseries,accel=kvm", "type", "-M")).toEqual([
      { key: "type", value: "pseries", source: "-M pseries" },
      { key: "accel", value: "kvm", source: "-M accel=kvm" },
    ]);
  });

  test("a later bare item means key=on", () => {
    expect(parsePropertyList("pseries,help", "type", "-M")[1]).toEqual({ key: "help", value: "on", source: "-M help" });
  });

  test(",, is a literal comma, and = splits only once", () => {
    expect(parsePropertyList("pseries,append=console=hvc0,,115200,dumpdtb=a,,b", "type", "-M")).toEqual([
      { key: "type", value: "pseries", source: "-M pseries" },
      { key: "append", value: "console=hvc0,115200", source: "-M append=console=hvc0,115200" },
      { key: "dumpdtb", value: "a,b", source: "-M dumpdtb=a,b" },
    ]);
  });

  test("a first item with = has an explicit key", () => {
    expect(parsePropertyList("cpus=4,cores=2", "cpus", "-smp")).toEqual([
      { key: "cpus", value: "4", source: "-smp cpus=4" },
      { key: "cores", value: "2", source: "-smp cores=2" },
    ]);
  });

  test("empty items and names are refused", () => {
    expect(() => parsePropertyList("pseries,", "type", "-M")).toThrow(
      new UsageError("-M pseries,: empty item; expected key=value"),
    );
    expect(() => parsePropertyList("pseries,=kvm", "type", "-M")).toThrow(
      new UsageError("-M =kvm: empty property name; expected key=value"),
    );
  });
});
