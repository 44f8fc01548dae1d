// inSequence: several middleware as one router layer, with express's own error paths.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { inSequence } from '../../server/in-sequence.js';

function appWith(...steps: RequestHandler[]) {
  const app = express();
  app.get('/', inSequence(...steps), (_req, res) => void res.send('after'));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => void res.status(500).send(`error: ${(err as Error).message}`);
  app.use(onError);
  return app;
}

const marksOf = (req: express.Request) => ((req as unknown as { marks: string[] }).marks ??= []);
const mark = (name: string): RequestHandler => (req, _res, next) => {
  marksOf(req).push(name);
  next();
};

describe('inSequence', () => {
  it('runs the steps in order, then the next layer', async () => {
    const app = appWith(mark('a'), mark('b'), (req, res) => void res.send(marksOf(req).join(',')));
    expect((await request(app).get('/')).text).toBe('a,b');
    expect((await request(appWith(mark('a'))).get('/')).text).toBe('after');
  });

  it('sends an error passed on, thrown or rejected to the error handler, skipping the rest', async () => {
    const never: RequestHandler = (_req, res) => void res.send('not reached');
    const passed = appWith((_req, _res, next) => next(new Error('passed')), never);
    const thrown = appWith(() => { throw new Error('thrown'); }, never);
    const rejected = appWith(async () => { throw new Error('rejected'); }, never);
    for (const [app, text] of [[passed, 'passed'], [thrown, 'thrown'], [rejected, 'rejected']] as const) {
      const res = await request(app).get('/');
      expect([res.status, res.text]).toEqual([500, `error: ${text}`]);
    }
  });
});
