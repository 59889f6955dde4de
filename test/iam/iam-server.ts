/** A nock IAM endpoint replying per Action from queues of [status, body] (the last reply repeats). */
import nock from 'nock';
import { queryForm } from '../helpers/fixtures';

export function iamServer(script: Record<string, [number, string][]>) {
  const calls: Record<string, number> = {};
  const forms: Record<string, string>[] = [];
  nock('https://iam.amazonaws.com')
    .persist()
    .post('/')
    .reply((_uri, body) => {
      const form = queryForm(body);
      forms.push(form);
      const action = form.Action!;
      calls[action] = (calls[action] ?? 0) + 1;
      const queue = script[action];
      if (!queue?.length) return [500, `unexpected ${action}`];
      const next = queue.length > 1 ? queue.shift()! : queue[0]!;
      return [next[0], next[1], { 'Content-Type': 'text/xml' }];
    });
  return { calls, forms };
}
