// Files imported with { type: "file" } are their paths (embedded ones under /$bunfs in dist/spar).
declare module "*.gz" {
  const path: string;
  export default path;
}
