// Child process: the baseline. A bare @apollo/server on express 5 serving the same
// database-free query with an equivalent schema and the same answer (the bench checks the
// bodies are identical), and the same JSON body limit as the app, so the difference measured
// is what the app adds around Apollo. It loads nothing of Nest, hence the version from env.
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { serveToParent } from './child-server.js';

const typeDefs = `#graphql
  type ServiceInfo {
    name: String!
    apiVersion: String!
  }
  type Query {
    serviceInfo: ServiceInfo!
  }
`;

const apiVersion = process.env.BENCH_API_VERSION ?? '';
const resolvers = { Query: { serviceInfo: () => ({ name: 'Accordant', apiVersion }) } };

serveToParent(async () => {
  // Introspection off as in the app's production mode; NODE_ENV=production drops the landing page.
  const apollo = new ApolloServer({ typeDefs, resolvers, introspection: false });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
});
