export type T = { a: string };
