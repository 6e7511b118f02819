import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  maxToolIterations,
  promptPrefix,
  requestParams,
  tokenOf,
  toWire,
  type ChatParams,
} from './chatParams';

const on = <K extends keyof ChatParams>(p: ChatParams, key: K, value: ChatParams[K]['value']): ChatParams => ({
  ...p,
  [key]: { enabled: true, value },
});

describe('chat parameters', () => {
  it('sends only stream by default', () => {
    expect(requestParams(DEFAULT_PARAMS)).toEqual({ stream: true, stream_options: { include_usage: true } });
    expect(promptPrefix(DEFAULT_PARAMS)).toEqual([]);
    expect(maxToolIterations(DEFAULT_PARAMS)).toBe(5);
    expect(tokenOf(DEFAULT_PARAMS)).toBeUndefined();
  });

  it('sends each switched-on parameter under its wire name', () => {
    let p = DEFAULT_PARAMS;
    p = on(p, 'seed', '42');
    p = on(p, 'maxTokens', '256');
    p = on(p, 'n', '2');
    p = on(p, 'temperature', '0.2');
    p = on(p, 'topP', '0.9');
    p = on(p, 'presencePenalty', '-1');
    p = on(p, 'frequencyPenalty', '1.5');
    p = on(p, 'stop', 'END\n\n  ###  \n');
    p = on(p, 'responseFormat', 'json_object');
    p = on(p, 'stream', false);
    expect(requestParams(p)).toEqual({
      stream: false,
      seed: 42,
      max_tokens: 256,
      n: 2,
      temperature: 0.2,
      top_p: 0.9,
      presence_penalty: -1,
      frequency_penalty: 1.5,
      stop: ['END', '###'],
      response_format: { type: 'json_object' },
    });
  });

  it('leaves out switched-off and invalid values', () => {
    let p: ChatParams = { ...DEFAULT_PARAMS, stream: { enabled: false, value: true } };
    p = { ...p, temperature: { enabled: false, value: '1' } };
    p = on(p, 'maxTokens', '1.5');
    p = on(p, 'topP', '3');
    p = on(p, 'seed', '');
    expect(requestParams(p)).toEqual({});
  });

  it('reads the system prompt, tool iterations and token only when switched on', () => {
    let p = on(DEFAULT_PARAMS, 'systemPrompt', '  Be brief.  ');
    p = on(p, 'maxToolIterations', '2');
    p = on(p, 'token', 'bodhiapp_x');
    expect(promptPrefix(p)).toEqual([{ role: 'system', content: 'Be brief.' }]);
    expect(maxToolIterations(p)).toBe(2);
    expect(tokenOf(p)).toBe('bodhiapp_x');
    expect(tokenOf({ ...p, token: { enabled: false, value: 'bodhiapp_x' } })).toBeUndefined();
    expect(maxToolIterations(on(p, 'maxToolIterations', '-1'))).toBe(5);
  });

  it('sends a tools-only assistant message with null content', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    expect(toWire([{ role: 'assistant', content: '', tool_calls: [call] }])).toEqual([
      { role: 'assistant', content: null, tool_calls: [call] },
    ]);
  });
});
