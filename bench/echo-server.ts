// The HTTP baseline: a trivial express JSON echo route on a free loopback port.
import express from 'express';

const app = express();
app.post('/echo', express.json({ limit: '1mb' }), (req, res) => void res.json(req.body));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
