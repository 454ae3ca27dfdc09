import pg from 'pg';

/** Runs one statement on the PostgreSQL server of `base` (CREATE / DROP DATABASE cannot run in a pool's transaction). */
const admin = async (base: string, statement: string): Promise<void> => {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};

const uniqueName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

const urlOf = (base: string, name: string): string => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Creates a uniquely named, empty database on the PostgreSQL server of `base` and returns its URL. */
export const createPgDatabase = async (base: string, prefix = 'harvest_t'): Promise<string> => {
  const name = uniqueName(prefix);
  await admin(base, `create database ${name}`);
  return urlOf(base, name);
};

/** Creates a uniquely named copy of the database `template` (which nothing may be connected to) and returns its URL. */
export const copyPgDatabase = async (base: string, template: string): Promise<string> => {
  if (!/^[a-z0-9_]+$/.test(template)) throw new Error(`not a test database name: ${JSON.stringify(template)}`);
  const name = uniqueName('harvest_t');
  await admin(base, `create database ${name} template ${template}`);
  return urlOf(base, name);
};

export const dropPgDatabase = async (base: string, url: string): Promise<void> => {
  await admin(base, `drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
};
