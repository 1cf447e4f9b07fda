// docs/sync-protocol.md cannot drift: every JSON example in it parses with the schema it is
// labelled with, and the worked examples are what a running collector really answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  enrolmentRequestSchema,
  enrolmentResponseSchema,
  errorBodySchema,
  receiptSchema,
  submissionSchema,
} from '../../main/sync/protocol.ts';
import { createReadToken } from '../../server/admin.ts';
import { submissionProblems } from '../../server/submission-checks.ts';
import { backends, enrolDevice, getJson, postJson, startCollector, type RunningCollector } from '../../server/testing/fixtures.ts';
import { totalsResponseSchema } from '../../server/wire.ts';

const schemas: Record<string, z.ZodType> = {
  enrolmentRequest: enrolmentRequestSchema,
  enrolmentResponse: enrolmentResponseSchema,
  submission: submissionSchema,
  receipt: receiptSchema,
  error: errorBodySchema,
  totalsResponse: totalsResponseSchema,
};

interface Example {
  schema: string | undefined;
  line: number;
  json: string;
}

/** Every ```json block, with the `<!-- schema: name -->` label on the line before it, if any. */
function jsonExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = /^(\s*)```json\s*$/.exec(lines[i]!);
    if (!opening) continue;
    const indent = opening[1]!;
    const end = lines.findIndex((line, j) => j > i && line === `${indent}\`\`\``);
    if (end < 0) throw new Error(`unclosed json block at line ${i + 1}`);
    let label = i - 1;
    while (label >= 0 && lines[label]!.trim() === '') label--;
    examples.push({
      schema: /<!-- schema: (\w+) -->/.exec(lines[label] ?? '')?.[1],
      line: i + 1,
      json: lines.slice(i + 1, end).join('\n'),
    });
    i = end;
  }
  return examples;
}

const examples = jsonExamples(fs.readFileSync(path.join(import.meta.dirname, '../../docs/sync-protocol.md'), 'utf8'));
const only = (schema: string) => {
  const found = examples.filter((e) => e.schema === schema);
  expect(found, `examples labelled ${schema}`).toHaveLength(1);
  return JSON.parse(found[0]!.json) as unknown;
};

describe('docs/sync-protocol.md', () => {
  it('labels every JSON example with a known schema', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(example.schema, `json block at line ${example.line}`).toBeDefined();
      expect(Object.keys(schemas), `json block at line ${example.line}`).toContain(example.schema);
    }
    expect(new Set(examples.map((e) => e.schema))).toEqual(new Set(Object.keys(schemas)));
  });

  it.each(examples.map((e) => [e.schema, e.line, e] as const))('has a valid %s example at line %i', (_schema, _line, example) => {
    const parsed = schemas[example.schema!]!.safeParse(JSON.parse(example.json));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('shows a submission that passes the collector’s disclosure checks', () => {
    expect(submissionProblems(submissionSchema.parse(only('submission')))).toEqual([]);
  });

  describe('against a running collector', () => {
    const sqlite = backends.find((b) => b.name === 'sqlite')!;
    let c: RunningCollector;
    afterEach(async () => {
      await c?.stop();
    });

    it('answers the example submission with the example totals', async () => {
      c = await startCollector(sqlite);
      const device = await enrolDevice(c);
      const submission = { ...submissionSchema.parse(only('submission')), enrolmentId: device.enrolmentId };
      expect((await postJson(c.url, '/v1/submissions', submission, device.token)).status).toBe(201);

      const documented = totalsResponseSchema.parse(only('totalsResponse'));
      c.clock.set(documented.generatedAt);
      const reader = await createReadToken(c.store, c.clock);
      const response = await getJson(c.url, `/v1/totals?period=${documented.period}&borough=${documented.borough}`, reader);

      expect(await response.json()).toEqual(documented);
    });

    it('gives the documented reason for an unprotected count', async () => {
      c = await startCollector(sqlite);
      const device = await enrolDevice(c);
      const submission = { ...submissionSchema.parse(only('submission')), enrolmentId: device.enrolmentId };
      submission.boroughs[0]!.byTopic!.cells[0]!.count = 3;

      const response = await postJson(c.url, '/v1/submissions', submission, device.token);

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(only('error'));
    });
  });
});
