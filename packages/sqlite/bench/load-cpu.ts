/**
 * The load-all ratios of issue 13, in a process of their own (sqlite.bench.ts runs it): the CPU time
 * of loading every cassette from a fresh sqlite store, and of the floor (the same data as JSON files,
 * read and parsed), in alternate rounds. The bench's own process holds the corpus several times over
 * (decoded, in a yaml store, in a warm store), and its garbage collections land in whichever load
 * runs when they come due; here the heap holds what a test process loading cassettes would.
 *
 * Input (stdin, JSON): { db, names, jsonFiles, rounds, warmup }. Output (stdout, JSON): { floor, sqlite }
 * (CPU ms per counted round).
 */
import { readFileSync } from 'node:fs';
import { createSqliteStore } from '../src/index.js';

interface Job {
  db: string;
  names: string[];
  jsonFiles: string[];
  rounds: number;
  warmup: number;
}

const job = JSON.parse(readFileSync(0, 'utf8')) as Job;
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const floor: number[] = [];
const sqlite: number[] = [];
for (let round = -job.warmup; round < job.rounds; round += 1) {
  let start = cpuNow();
  const parsed = job.jsonFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
  if (round >= 0) floor.push(cpuNow() - start);
  // A store opened for the round (not timed): its cache of decoded blocks starts empty.
  const store = await createSqliteStore({ path: job.db });
  start = cpuNow();
  const loaded = await Promise.all(job.names.map((name) => store.get(name)));
  if (round >= 0) sqlite.push(cpuNow() - start);
  await store.close();
  if (parsed.length !== loaded.length) throw new Error('the loads differ in length');
}
process.stdout.write(JSON.stringify({ floor, sqlite }));
