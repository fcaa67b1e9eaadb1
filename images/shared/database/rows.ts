// What both engines check in what their queries return.

/** The first row, or an error naming the database when the query returned none. */
export function oneRow<Row>(rows: Row[], where: string): Row {
  const row = rows[0];
  if (row === undefined) throw new Error(`${where}: the query returned no row`);
  return row;
}

/** The client address, or an error when the connection has none (a Unix socket, shared memory). */
export function clientAddress(ip: string | null, where: string): string {
  if (ip === null) throw new Error(`${where}: the connection has no client network address`);
  return ip;
}

/** An error of the driver, prefixed with the database it came from. */
export function databaseError(where: string, error: unknown): Error {
  return new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}
