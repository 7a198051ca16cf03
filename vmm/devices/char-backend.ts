// Where a character device's bytes go and come from (stdio, a file, the TUI, a test).
export interface CharBackend {
  write(bytes: Uint8Array): void;
  /** Called by the backend with bytes typed by the user. */
  onInput?(listener: (bytes: Uint8Array) => void): void;
}
