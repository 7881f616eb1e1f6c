// The web layer's public surface: what integrations build their pages and routes with.
export { createApp } from './app.js';
export { clientIp } from './client-ip.js';
export type {
  AppDeps,
  AppEnv,
  FormValues,
  HirePanel,
  HirePanelInput,
  HirePanelPlacement,
  IntegrationTile,
  SignedInEnv,
  WebApp,
  WebExtension,
} from './context.js';
export {
  choice,
  type FieldErrors,
  type FormResult,
  isoDate,
  isRealDate,
  money,
  optionalEmail,
  optionalPhone,
  optionalText,
  parseForm,
  readForm,
  requiredEmail,
  requiredMultilineText,
  requiredText,
} from './form.js';
export { ErrorSummary, fieldId, SelectField, TextAreaField, TextField } from './form-view.js';
export { displayName, formatDate, formatInstant, formatMoney } from './format.js';
export { CsrfField, Layout, MENU, type MenuKey, type PageOptions, renderPage } from './layout.js';
export { requireAdmin, requireUser } from './require-user.js';
export { CSRF_FIELD } from './session-cookie.js';
