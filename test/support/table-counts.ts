import type { DataSource } from 'typeorm';

/** Rows in every table of the schema, by table: a refused request must leave each as it was. */
export async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: Array<{ table_name: string }> = await dataSource.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const [row] = (await dataSource.query(
    `SELECT ${tables
      .map(({ table_name: name }) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`)
      .join(', ')}`,
  )) as Array<Record<string, number>>;
  return row;
}
