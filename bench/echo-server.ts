// The HTTP baseline: a trivial express JSON echo route on a free loopback port; and, when
// ECHO_ANSWER holds a JSON value, a route that reads the body the same way and answers that value
// (express's own cost of an answer of that size: the service's result, say).
import express from 'express';

const app = express();
app.post('/echo', express.json({ limit: '1mb' }), (req, res) => void res.json(req.body));
const answer: unknown = process.env.ECHO_ANSWER ? JSON.parse(process.env.ECHO_ANSWER) : undefined;
if (answer !== undefined) app.post('/answer', express.json({ limit: '1mb' }), (_req, res) => void res.json(answer));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
