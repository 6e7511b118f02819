import type { ModelMetadata } from '../../api/types';
import { formatCount, formatParameterCount } from '../../lib/format';

/** Family, parameters, quantization and context window, as far as the file's header says. */
export function metadataFacts(m: ModelMetadata | undefined): string[] {
  if (!m) return [];
  const a = m.architecture;
  const facts: string[] = [];
  if (a.family) facts.push(a.family);
  if (a.parameter_count) facts.push(`${formatParameterCount(a.parameter_count)} parameters`);
  if (a.quantization) facts.push(a.quantization);
  if (m.context.max_input_tokens) facts.push(`${formatCount(m.context.max_input_tokens)} context`);
  return facts;
}

/** The capabilities the header shows the model has; unknown and absent ones are left out. */
export function capabilitiesOf(m: ModelMetadata | undefined): string[] {
  if (!m) return [];
  const c = m.capabilities;
  const caps: string[] = [];
  if (c.vision) caps.push('Vision');
  if (c.audio) caps.push('Audio');
  if (c.tools.function_calling) caps.push('Tools');
  if (c.thinking) caps.push('Thinking');
  if (c.tools.structured_output) caps.push('Structured output');
  return caps;
}
