// The guest's console on a listening unix socket (-serial unix:PATH,server=on or a socket
// -chardev), for `socat - UNIX-CONNECT:PATH` or `nc -U PATH`. As QEMU's socket chardev: a stale
// socket is replaced (any other file is left alone: listening then fails), one client at a time
// (another is turned away while one is connected), output with no client is dropped, and with
// wait=on the guest starts once the first client connects.
import { lstatSync, unlinkSync } from "node:fs";
import type { Socket } from "bun";
import type { CharBackend } from "../devices/char-backend.ts";

export interface SocketConsole {
  backend: CharBackend;
  /** Settles when the first client connects. */
  connected: Promise<void>;
  close(): void;
}

export function listenConsole(path: string): SocketConsole {
  let deliver: ((bytes: Uint8Array) => void) | undefined;
  let client: Socket | undefined;
  let firstClient!: () => void;
  const connected = new Promise<void>((resolve) => (firstClient = resolve));
  removeStale(path);
  const listener = Bun.listen({
    unix: path,
    socket: {
      open(socket) {
        if (client) return void socket.end(); // QEMU serves one client at a time
        client = socket;
        firstClient();
      },
      data(socket, data) {
        if (socket === client) deliver?.(new Uint8Array(data));
      },
      close(socket) {
        if (socket === client) client = undefined;
      },
    },
  });
  return {
    backend: {
      write: (bytes) => void client?.write(bytes),
      onInput: (listener) => (deliver = listener),
    },
    connected,
    close() {
      client?.end();
      listener.stop(true);
      removeStale(path);
    },
  };
}

function removeStale(path: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })?.isSocket()) unlinkSync(path);
}
