import { describe, expect, it } from 'vitest';
import {
  apiKeyUpdate,
  createRequest,
  emptyDraft,
  testCreds,
  updateRequest,
  validateDraft,
  type ApiModelDraft,
} from './apiModelRequest';

const draft = (patch: Partial<ApiModelDraft> = {}): ApiModelDraft => ({
  ...emptyDraft(),
  baseUrl: 'https://api.example.com/v1',
  models: ['gpt-4o'],
  ...patch,
});

describe('api key semantics', () => {
  it('keeps the stored key unless the user typed one or removed it', () => {
    expect(apiKeyUpdate(draft())).toEqual({ action: 'keep' });
    expect(apiKeyUpdate(draft({ apiKey: 'sk-new' }))).toEqual({ action: 'set', value: 'sk-new' });
    expect(apiKeyUpdate(draft({ clearKey: true }))).toEqual({ action: 'set', value: null });
  });

  it('creates with the typed key or none', () => {
    expect(createRequest(draft({ apiKey: 'sk-1' })).api_key).toBe('sk-1');
    expect(createRequest(draft()).api_key).toBeNull();
  });

  it('updates with the key action', () => {
    expect(updateRequest(draft()).api_key).toEqual({ action: 'keep' });
  });
});

describe('test and fetch credentials', () => {
  it('use the typed key when creating', () => {
    expect(testCreds(draft({ apiKey: 'sk-1' }), null)).toEqual({ type: 'api_key', value: 'sk-1' });
    expect(testCreds(draft(), null)).toEqual({ type: 'api_key', value: null });
  });

  it('use the stored row when editing with the key unchanged', () => {
    expect(testCreds(draft(), 'row-1')).toEqual({ type: 'id', value: 'row-1' });
    expect(testCreds(draft({ apiKey: 'sk-2' }), 'row-1')).toEqual({ type: 'api_key', value: 'sk-2' });
    expect(testCreds(draft({ clearKey: true }), 'row-1')).toEqual({ type: 'api_key', value: null });
  });
});

describe('request body', () => {
  it('sends the prefix only when enabled and forces models empty with forward-all', () => {
    expect(createRequest(draft({ usePrefix: false, prefix: 'x/' })).prefix).toBeNull();
    const all = createRequest(draft({ usePrefix: true, prefix: ' oa/ ', forwardAll: true }));
    expect(all).toMatchObject({ prefix: 'oa/', forward_all_with_prefix: true, models: [] });
  });
});

describe('validateDraft', () => {
  it('mirrors the server rules', () => {
    expect(validateDraft(draft())).toEqual({});
    expect(validateDraft(draft({ baseUrl: 'ftp://x' })).baseUrl).toBeTruthy();
    expect(validateDraft(draft({ baseUrl: 'api.example.com' })).baseUrl).toBeTruthy();
    expect(validateDraft(draft({ forwardAll: true })).prefix).toBeTruthy();
    expect(validateDraft(draft({ models: [] })).models).toBeTruthy();
  });
});
