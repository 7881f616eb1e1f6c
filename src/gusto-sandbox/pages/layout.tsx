import type { Child } from 'hono/jsx';

const styles = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f7f5f2; color: #1c1c1c; }
  header { background: #0a8080; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 880px; margin: 32px auto; background: #fff; padding: 32px; border-radius: 8px; }
  main.narrow { max-width: 440px; }
  label { display: block; margin-top: 16px; font-weight: 600; }
  input[type=text], input[type=email], input[type=password] {
    width: 100%; box-sizing: border-box; padding: 8px; margin-top: 4px; font-size: 1rem; }
  button { margin: 20px 8px 0 0; padding: 8px 20px; font-size: 1rem; cursor: pointer; }
  button.primary { background: #f45d48; color: #fff; border: 0; border-radius: 4px; }
  .error { color: #b3261e; margin: 4px 0 0; }
  fieldset { margin-top: 16px; border: 1px solid #ccc; border-radius: 6px; }
  fieldset label { font-weight: 400; margin-top: 8px; }
  table { width: 100%; border-collapse: collapse; margin-top: 16px; }
  th, td { text-align: left; padding: 8px; border-bottom: 1px solid #eee; }
  nav.tabs a { margin-right: 16px; }
  nav.tabs a[aria-current=page] { font-weight: 700; text-decoration: none; color: inherit; }
  details.menu summary { cursor: pointer; list-style: none; padding: 0 8px; font-size: 1.2rem; }
  details.menu button { margin-top: 4px; }
`;

/** The frame of every sandbox page; hono/jsx escapes every interpolated value. */
export function Layout(props: { title: string; narrow?: boolean; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Gusto sandbox`}</title>
        <style>{styles}</style>
      </head>
      <body>
        <header>Gusto sandbox</header>
        <main class={props.narrow ? 'narrow' : undefined}>{props.children}</main>
      </body>
    </html>
  );
}

/** A message shown under a form field, tied to it by `aria-describedby`. */
export function FieldError(props: { id: string; message: string | undefined }) {
  return props.message ? (
    <p class="error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}
