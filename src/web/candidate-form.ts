import { z } from 'zod';
import { optionalEmail, optionalPhone, optionalText, requiredText } from './form.js';

/** Labels of the candidate form's fields. */
export const CANDIDATE_LABELS = {
  first_name: 'First name',
  last_name: 'Last name',
  preferred_name: 'Preferred name',
  email: 'Personal email',
  phone: 'Phone',
  job_id: 'Job',
};

/** The candidate form. Names are kept exactly as typed apart from surrounding spaces. */
export const candidateSchema = z.object({
  first_name: requiredText('first name', 100),
  last_name: requiredText('last name', 100),
  preferred_name: optionalText('preferred name', 100),
  email: optionalEmail('personal email'),
  phone: optionalPhone('phone number'),
  job_id: optionalText('job', 100),
});
