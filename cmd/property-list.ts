// QEMU's option-value syntax (QemuOpts): "first,key=value,key2=value2". The first item may omit its
// key (the option's implied key: -M pseries means type=pseries), a later bare "key" means key=on
// (so -M pseries,help asks for help), and ",," stands for a literal comma so that file names and
// kernel command lines can contain one.
import type { z } from "zod";
import { UsageError } from "./usage-error.ts";

export interface PropertyItem {
  key: string;
  value: string;
  /** How an error names this item: "-M accel=xen", "-m banana", "-kernel /boot/vmlinux". */
  source: string;
}

/** A validated value with the item that supplied it, for errors that involve two options. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export function parsePropertyList(text: string, impliedKey: string, flag: string): PropertyItem[] {
  return splitItems(text).map((item, index) => {
    const source = `${flag} ${item === "" ? "''" : item}`;
    const eq = item.indexOf("=");
    if (eq < 0) {
      if (index === 0) return { key: impliedKey, value: item, source };
      if (item === "") throw new UsageError(`${flag} ${text}: empty item; expected key=value`);
      return { key: item, value: "on", source };
    }
    if (eq === 0) throw new UsageError(`${source}: empty property name; expected key=value`);
    return { key: item.slice(0, eq), value: item.slice(eq + 1), source };
  });
}

function splitItems(text: string): string[] {
  const items: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ",") current += text[i];
    else if (text[i + 1] === ",") current += text[i++];
    else {
      items.push(current);
      current = "";
    }
  }
  items.push(current);
  return items;
}

/** The items of one option kind gathered across the command line; a later item wins, as when
 *  QEMU merges repeated -M, -m and -smp. */
export class PropertyList {
  readonly items: PropertyItem[] = [];

  constructor(readonly flag: string) {}

  add(items: readonly PropertyItem[]): void {
    this.items.push(...items);
  }

  record(): Record<string, string> {
    return Object.fromEntries(this.items.map((item) => [item.key, item.value]));
  }

  sourceOf(key: string | undefined): string {
    return this.items.findLast((item) => item.key === key)?.source ?? this.flag;
  }

  sourced<T>(key: string, value: T | undefined): Sourced<T> | undefined {
    return value === undefined ? undefined : { value, source: this.sourceOf(key) };
  }

  /** "-smp cpus=4,cores=2": the merged list, for errors about the combination. */
  describe(): string {
    const text = this.items.map((item) => `${item.key}=${item.value}`).join(",");
    return text === "" ? this.flag : `${this.flag} ${text}`;
  }

  /** Validates the merged record; the first problem becomes "<source>: <schema's message>". */
  validate<S extends z.ZodType>(schema: S): z.output<S> {
    const result = schema.safeParse(this.record());
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const key = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path[0];
    throw new UsageError(`${this.sourceOf(key === undefined ? undefined : String(key))}: ${issue.message}`);
  }
}
