import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { pooledPreparedQuery, preparedQuery } from '../src/database/prepared-query.js';
import { queryCounterOf } from '../src/database/query-counter.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The hot statements bypass TypeORM's query(), so they count and report slowness themselves. */
describe('prepared statements', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ EXPIRY_SWEEP_SECONDS: '0' });
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => t.close());

  it('are counted, and logged as slow past maxQueryExecutionTime, as TypeORM logs its own', async () => {
    const counter = queryCounterOf(dataSource);
    const slow = jest.spyOn(counter, 'logQuerySlow');
    try {
      const before = counter.queries;
      expect(await pooledPreparedQuery(dataSource, 'test.quick', 'SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
      expect(slow).not.toHaveBeenCalled();
      expect(counter.queries).toBe(before + 1);

      const limit = dataSource.options.maxQueryExecutionTime!;
      const sleep = `SELECT pg_sleep($1::float8 / 1000) IS NULL AS slept`;
      await pooledPreparedQuery(dataSource, 'test.slow', sleep, [limit + 100]);
      expect(slow).toHaveBeenCalledTimes(1);
      expect(slow).toHaveBeenLastCalledWith(expect.any(Number), sleep, [limit + 100]);
      expect(slow.mock.calls[0][0]).toBeGreaterThan(limit);

      await dataSource.transaction((em) => preparedQuery(em, 'test.slowInTransaction', sleep, [limit + 100]));
      expect(slow).toHaveBeenCalledTimes(2);
    } finally {
      slow.mockRestore();
    }
  });
});
