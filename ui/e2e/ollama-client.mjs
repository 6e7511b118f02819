// The official Ollama JavaScript client (npm `ollama`, pinned in package.json) against Bodhi's Ollama routes with
// an API token: every call a client makes, the errors it must raise, and an abort mid-stream. Run by
// e2e/ollama_client_test.go against a real server and a fake OpenAI provider, which then checks the provider's side
// (what the conversions sent, that the abort reached the provider).
import http from 'node:http';
import { Readable } from 'node:stream';
import { Ollama } from 'ollama';
import { check, required } from './helpers.mjs';

const base = required('BODHI_OLLAMA_HOST'); // http://acme.localhost:<port> or http://localhost:<port>
const token = required('BODHI_OLLAMA_TOKEN');
const MODEL = required('BODHI_OLLAMA_MODEL'); // an API model of the fake provider, e.g. fake/gpt-4o
const RATE_LIMITED = required('BODHI_OLLAMA_RATE_LIMITED'); // the fake provider answers 429 for it
const BROKEN = required('BODHI_OLLAMA_BROKEN'); // and 500 for this one

/**
 * Node resolves no *.localhost name but localhost itself, so an org's host is reached at 127.0.0.1 with its Host
 * header through node:http (fetch cannot set Host). Only the transport differs: the client is the official one.
 */
function loopbackFetch(origin) {
  const { host, port } = new URL(origin);
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: u.pathname + u.search,
          method: init.method ?? 'GET',
          headers: { ...init.headers, host },
          signal: init.signal,
        },
        (res) => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve(
            new Response(Readable.toWeb(res), { status: res.statusCode, statusText: res.statusMessage, headers }),
          );
        },
      );
      req.on('error', reject);
      if (init.body) req.write(init.body);
      req.end();
    });
}

const needsShim = new URL(base).hostname !== 'localhost';
const client = (key) =>
  new Ollama({
    host: base,
    headers: { Authorization: `Bearer ${key}` },
    ...(needsShim ? { fetch: loopbackFetch(base) } : {}),
  });
const ollama = client(token);

/** Runs fn, expecting a thrown error; returns it. */
async function rejects(fn, what) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error(`check failed: ${what} did not throw`);
}

async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const steps = {
  async list() {
    const { models } = await ollama.list();
    const names = models.map((m) => m.name);
    check(names.includes(MODEL), `list has ${MODEL}: ${names}`);
    const m = models.find((x) => x.name === MODEL);
    check(m.details.format === 'openai', `the provider's format: ${JSON.stringify(m.details)}`);
    check(/^[0-9a-f]{64}$/.test(m.digest), `a digest: ${m.digest}`);
  },
  async show() {
    const shown = await ollama.show({ model: MODEL });
    check(shown.details.format === 'openai', `show details: ${JSON.stringify(shown.details)}`);
    check(Array.isArray(shown.capabilities) && shown.capabilities.includes('completion'), 'capabilities');
    const err = await rejects(() => ollama.show({ model: 'no-such-model' }), 'show of an unknown model');
    check(err.name === 'ResponseError' && err.status_code === 404, `404: ${err.name} ${err.status_code}`);
    check(err.error === "model 'no-such-model' not found", `message: ${err.error}`);
  },
  async chat() {
    const r = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    check(r.message.content === 'Hello from gpt-4o', `content: ${r.message.content}`);
    check(r.done === true && r.done_reason === 'stop', `done: ${r.done} ${r.done_reason}`);
    check(r.prompt_eval_count === 5 && r.eval_count === 3, `counts: ${r.prompt_eval_count} ${r.eval_count}`);
    check(Number.isInteger(r.total_duration) && r.total_duration > 0, `total_duration: ${r.total_duration}`);
  },
  async streamedChat() {
    const parts = await collect(
      await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true }),
    );
    const text = parts.map((p) => p.message.content).join('');
    check(text === 'part0 part1 part2 ', `streamed text: ${JSON.stringify(text)}`);
    const last = parts.at(-1);
    check(last.done && last.done_reason === 'stop', 'the last part is done');
    check(last.prompt_eval_count === 7 && last.eval_count === 5, `stream usage: ${JSON.stringify(last)}`);
  },
  async tools() {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'search',
          description: 'Searches the web',
          parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
        },
      },
    ];
    const messages = [{ role: 'user', content: 'find bodhi' }];
    for (const stream of [false, true]) {
      const first = stream
        ? (await collect(await ollama.chat({ model: MODEL, messages, tools, stream }))).find(
            (p) => p.message.tool_calls?.length,
          )
        : await ollama.chat({ model: MODEL, messages, tools });
      const call = first?.message.tool_calls?.[0];
      check(call?.function.name === 'search', `a tool call (stream ${stream}): ${JSON.stringify(first)}`);
      check(call.function.arguments.query === 'bodhi gateway', `arguments as an object: ${JSON.stringify(call)}`);
      // The tool's result goes back as Ollama sends it: by the function's name, no call id.
      const answer = await ollama.chat({
        model: MODEL,
        tools,
        messages: [
          ...messages,
          { role: 'assistant', content: '', tool_calls: [call] },
          { role: 'tool', tool_name: 'search', content: '{"results": [{"title": "Bodhi"}]}' },
        ],
      });
      check(answer.message.content.includes('Bodhi'), `the answer quotes the result: ${answer.message.content}`);
    }
  },
  async format() {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const r = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'json please' }], format: schema });
    check(r.done, 'a JSON-schema format is accepted');
  },
  async images() {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await ollama.chat({
      model: MODEL,
      messages: [{ role: 'user', content: 'what is this?', images: [png] }],
    });
    check(r.message.content === 'Hello from gpt-4o', 'an image message is answered');
  },
  async generate() {
    const r = await ollama.generate({ model: MODEL, prompt: 'why is the sky blue?', system: 'be brief' });
    check(r.response === 'Hello from gpt-4o' && r.done, `generate: ${JSON.stringify(r)}`);
    const parts = await collect(await ollama.generate({ model: MODEL, prompt: 'again', stream: true }));
    check(parts.map((p) => p.response).join('') === 'part0 part1 part2 ', 'streamed generate');
  },
  async embed() {
    const r = await ollama.embed({ model: MODEL, input: ['a', 'b'] });
    check(r.embeddings.length === 2 && r.embeddings[1][0] === 1.1, `embeddings: ${JSON.stringify(r.embeddings)}`);
    check(r.prompt_eval_count === 4, `prompt_eval_count: ${r.prompt_eval_count}`);
    const legacy = await ollama.embeddings({ model: MODEL, prompt: 'legacy' });
    check(legacy.embedding.length === 3, `legacy embedding: ${JSON.stringify(legacy)}`);
  },
  async versionAndPs() {
    const { version } = await ollama.version();
    check(/^\d+\.\d+\.\d+$/.test(version), `version: ${version}`);
    const { models } = await ollama.ps();
    check(Array.isArray(models) && models.length === 0, 'no API model is ever loaded');
  },
  async errors() {
    const bad = await rejects(() => client('bodhiapp_not-a-real-token').list(), 'a bad token');
    check(bad.name === 'ResponseError' && bad.status_code === 401, `401: ${bad.name} ${bad.status_code}`);
    check(typeof bad.error === 'string' && bad.error && bad.error !== '[object Object]', `message: ${bad.error}`);
    const unknown = await rejects(
      () => ollama.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
      'an unknown model',
    );
    check(unknown.status_code === 404, `unknown model: ${unknown.status_code} ${unknown.error}`);
    for (const [model, status] of [
      [RATE_LIMITED, 429],
      [BROKEN, 500],
    ]) {
      for (const stream of [false, true]) {
        const err = await rejects(
          () => ollama.chat({ model, messages: [{ role: 'user', content: 'hi' }], stream }),
          `${model} (stream ${stream})`,
        );
        check(err.status_code === status, `${model}: ${err.status_code} ${err.error}`);
        check(err.error.includes(`fails with ${status} on purpose`), `the provider's message: ${err.error}`);
      }
    }
  },
  async abort() {
    const stream = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: 'slowly' }], stream: true });
    let parts = 0;
    const err = await rejects(async () => {
      for await (const part of stream) {
        parts++;
        check(!part.done, 'aborted before the end');
        stream.abort();
      }
    }, 'an aborted stream');
    // fetch raises an AbortError; the node:http transport of an org's host, its stream's "aborted" error
    check(err.name === 'AbortError' || /abort/i.test(err.message), `an abort: ${err.name} ${err.message}`);
    check(parts === 1, `one part before the abort: ${parts}`);
    console.log('ABORTED');
  },
};

const only = process.env.BODHI_OLLAMA_STEPS?.split(',');
for (const [name, step] of Object.entries(steps)) {
  if (only && !only.includes(name)) continue;
  await step();
  console.log(`PASS ${name}`);
}
