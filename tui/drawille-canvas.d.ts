// Types for the part of drawille-canvas-blessed-contrib the charts use (the package ships none).
declare module "drawille-canvas-blessed-contrib" {
  /** A canvas of width x height braille dots (width a multiple of 2, height of 4). */
  export default class Context {
    constructor(width: number, height: number);
    strokeStyle: string;
    beginPath(): void;
    moveTo(x: number, y: number): void;
    lineTo(x: number, y: number): void;
    stroke(): void;
    canvas: { frame(delimiter?: string): string };
  }
}
