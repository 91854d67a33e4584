import { toNestErrors, validateFieldsNatively } from '@hookform/resolvers'
import type { FieldError, FieldValues, Resolver } from 'react-hook-form'
import type { z } from 'zod'
import { fromZodError } from '../../common/errors/core-error'
import { codedWords } from '../../common/i18n/error-text'
import { currentTranslator } from '../i18n'

/**
 * react-hook-form's check of a form against the core's own schema, each refusal worded by its
 * message code (the same codes and catalogue as the core's answer), never by the schema's English.
 */
export function codedResolver<Input extends FieldValues, Output>(schema: z.ZodType<Output, Input>): Resolver<Input, unknown, Output> {
  return async (values, _context, options) => {
    const result = await schema.safeParseAsync(values)
    if (result.success) {
      if (options.shouldUseNativeValidation) validateFieldsNatively({}, options)
      return { values: result.data, errors: {} }
    }
    const t = currentTranslator()
    const errors: Record<string, FieldError> = {}
    for (const issue of fromZodError(result.error).issues) {
      errors[issue.field] ??= { type: issue.messageCode ?? 'invalid', message: codedWords(issue, t) ?? t('error.unexpected', { message: issue.message }) }
    }
    return { values: {}, errors: toNestErrors(errors, options) }
  }
}
