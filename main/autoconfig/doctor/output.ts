// The doctor's report on stdout, then exit once it is written: process.exit() right after a large write
// to a pipe cut the report (`npm run doctor -- --json | jq` saw ~180 KB of a larger report).
export function printAndExit(text: string, code: number, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${text}\n`, () => process.exit(code));
}
