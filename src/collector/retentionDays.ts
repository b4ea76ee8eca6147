import * as z from 'zod';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from './defaults.js';

const message = `must be a positive number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`;

/** `retentionDays`: finite, from a day to a hundred years; anything else would delete too much or nothing. */
export const retentionDaysSchema = z
  .number({ error: message })
  .min(MIN_RETENTION_DAYS, { error: message })
  .max(MAX_RETENTION_DAYS, { error: message });
