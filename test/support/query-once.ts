import pg from 'pg';

/** One statement on a connection of its own, closed at once: nothing is left open afterwards. */
export async function queryOnce(url: string | undefined, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  if (!url) throw new Error('no database address to read the app\'s data from');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** A `db` for fixtures that read what an app running elsewhere wrote (the link an invitation email carries). */
export const databaseReader = (url: string | undefined): Pick<pg.Client, 'query'> => ({
  query: ((text: string, values?: unknown[]) => queryOnce(url, text, values)) as pg.Client['query'],
});
