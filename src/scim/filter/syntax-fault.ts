/**
 * A syntax problem found while reading filter or path text, at a 0-based offset. parse.ts turns it
 * into a RosterError whose kind depends on what was being read (a filter or a PATCH path).
 */
export class SyntaxFault extends Error {
  constructor(
    readonly pos: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}
