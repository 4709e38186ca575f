// Password rules, login generation and Russian validation messages that name the field.
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/shared/domain/passwords';
import { suggestLogin, transliterate } from '../../src/shared/domain/logins';
import { createUserBodySchema, setupBodySchema } from '../../src/shared/api/schemas';
import { labelForPath, toFieldErrors } from '../../src/shared/api/validation';

describe('passwords', () => {
  it('accepts a long password with letters and digits', () => {
    expect(passwordProblem('Школа2026надёжно', 'admin')).toBeNull();
  });
  it.each([
    ['short1', 'не короче 8'],
    ['onlyletters', 'буквы и цифры'],
    ['1234567890', 'буквы и цифры'],
    ['ivanov2026x', 'не должен содержать логин'],
    ['x1'.repeat(70), 'не длиннее'],
  ])('refuses %s', (password, message) => {
    expect(passwordProblem(password, 'ivanov')).toContain(message);
  });
});

describe('logins', () => {
  it('transliterates Russian names by the passport table', () => {
    expect(transliterate('Щукина Юлия Жанна')).toBe('shchukina iuliia zhanna');
    expect(suggestLogin('Иванова', 'Анна', 'Петровна')).toBe('ivanova.ap');
    expect(suggestLogin('Ли', 'Ян', null)).toBe('li.i');
  });
});

describe('validation messages', () => {
  it('names fields by their Russian labels, including nested ones', () => {
    expect(labelForPath(setupBodySchema, ['admin', 'login'])).toBe('Логин');
    expect(labelForPath(setupBodySchema, ['schoolName'])).toBe('Название школы');
    expect(labelForPath(createUserBodySchema, ['middleName'])).toBe('Отчество');
  });

  it('reports missing, too long and unknown fields in Russian', () => {
    const result = createUserBodySchema.safeParse({ lastName: 'Ж'.repeat(61), roles: ['teacher'], surplus: 1 });
    expect(result.success).toBe(false);
    const errors = toFieldErrors(createUserBodySchema, result.error!);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'lastName', label: 'Фамилия', message: expect.stringMatching(/60/) }),
        expect.objectContaining({ field: 'firstName', label: 'Имя', message: 'Обязательное поле' }),
        expect.objectContaining({ field: 'surplus', message: 'Неизвестное поле «surplus»' }),
      ]),
    );
    for (const e of errors) expect(e.message).toMatch(/[а-яё]/i);
  });

  it('refuses an unknown role with a Russian message', () => {
    const result = createUserBodySchema.safeParse({ lastName: 'А', firstName: 'Б', middleName: null, roles: ['superuser'] });
    const errors = toFieldErrors(createUserBodySchema, result.error!);
    expect(errors[0]!.label).toMatch(/Роли/);
    expect(errors[0]!.message).toMatch(/[а-яё]/i);
  });
});
