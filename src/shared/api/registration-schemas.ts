// A parent's own registration with the child's activation code (3.3, 3.7), and linking a further child.

import { z } from 'zod';
import { labelled, optionalText, text } from './fields';
import { loginField, passwordField, personNameFields, studentSummarySchema } from './schemas';

const codeField = text('Код активации', 40);

export const registerBodySchema = z.strictObject({
  code: codeField,
  ...personNameFields,
  login: loginField,
  password: passwordField('Пароль'),
  phone: optionalText('Телефон', 20).optional(),
  email: labelled(z.email('Неверный адрес электронной почты').max(100).nullable(), 'Электронная почта').optional(),
});

export const linkChildBodySchema = z.strictObject({ code: codeField });
export const linkChildResultSchema = z.object({ child: studentSummarySchema });
