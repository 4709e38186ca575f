// The topic rules of a work program (3.4) as the contract checks them: defaults, limits and
// Russian messages naming the topic and the field.
import { describe, expect, it } from 'vitest';
import { describeFieldErrors, toFieldErrors } from '../../src/shared/api/validation';
import {
  importWorkProgramBodySchema,
  saveWorkProgramBodySchema,
  totalHours,
  workProgramParams,
} from '../../src/shared/api/work-program-schemas';

const problemsOf = (body: unknown) => {
  const result = saveWorkProgramBodySchema.safeParse(body);
  return result.success ? '' : describeFieldErrors(toFieldErrors(saveWorkProgramBodySchema, result.error));
};

describe('work program topics', () => {
  it('defaults hours to 1 and the planned assessment to none, and trims titles', () => {
    const parsed = saveWorkProgramBodySchema.parse({ version: 0, topics: [{ title: '  Дроби  ' }] });
    expect(parsed.topics).toEqual([{ title: 'Дроби', hours: 1, plannedAssessment: null }]);
  });

  it.each([
    [{ title: '' }, 'Тема:'],
    [{ title: 'Т'.repeat(301) }, 'Тема:'],
    [{ title: 'Дроби', hours: 0 }, 'Часы'],
    [{ title: 'Дроби', hours: 1.5 }, 'Часы'],
    [{ title: 'Дроби', hours: 101 }, 'Часы'],
    [{ title: 'Дроби', plannedAssessment: 'К'.repeat(101) }, 'Контрольная работа'],
  ])('refuses %j naming the field', (topic, label) => {
    expect(problemsOf({ version: 0, topics: [topic] })).toContain(label);
  });

  it('points the field error at the topic, so the editor can find its row', () => {
    const result = saveWorkProgramBodySchema.safeParse({
      version: 0,
      topics: [{ title: 'Дроби' }, { title: 'Проценты', hours: 0 }],
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(toFieldErrors(saveWorkProgramBodySchema, result.error).map((e) => e.field)).toEqual(['topics.1.hours']);
  });

  it('accepts 500 topics and refuses 501', () => {
    const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Тема ${i + 1}` }));
    expect(problemsOf({ version: 0, topics: topics(500) })).toBe('');
    expect(problemsOf({ version: 0, topics: topics(501) })).toContain('Темы');
  });

  it('refuses unknown fields and a negative version', () => {
    expect(problemsOf({ version: -1, topics: [] })).toContain('Версия');
    expect(problemsOf({ version: 0, topics: [{ title: 'Дроби', position: 3 }] })).toContain('Неизвестное поле «position»');
  });

  it('reads path parameters as numbers and levels 1..11 only', () => {
    expect(workProgramParams.parse({ yearId: '1', subjectId: '2', level: '11' })).toEqual({ yearId: 1, subjectId: 2, level: 11 });
    expect(workProgramParams.safeParse({ yearId: '1', subjectId: '2', level: '12' }).success).toBe(false);
    expect(workProgramParams.safeParse({ yearId: '1', subjectId: '2', level: '0' }).success).toBe(false);
  });

  it('wants a base64 file, the commit flag and the version for an import', () => {
    expect(
      importWorkProgramBodySchema.safeParse({ fileName: 'темы.csv', contentBase64: 'VGVtYQ==', commit: false, version: 0 })
        .success,
    ).toBe(true);
    expect(
      importWorkProgramBodySchema.safeParse({ fileName: 'темы.csv', contentBase64: 'не base64!', commit: false, version: 0 })
        .success,
    ).toBe(false);
    expect(
      importWorkProgramBodySchema.safeParse({ fileName: 'темы.csv', contentBase64: 'VGVtYQ==', commit: false }).success,
    ).toBe(false);
  });

  it('sums hours', () => {
    expect(totalHours([])).toBe(0);
    expect(totalHours([{ hours: 2 }, { hours: 1 }, { hours: 3 }])).toBe(6);
  });
});
