/** The one stylesheet, served at `/assets/app.css`. */
export const STYLESHEET = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f6f7f9}
a{color:#0b5cad}
.shell{display:flex;min-height:100vh}
.menu{width:220px;flex:none;background:#17202e;color:#fff;padding:20px 12px}
.menu .brand{font-weight:700;font-size:18px;margin:0 8px 20px}
.menu ul{list-style:none;margin:0;padding:0}
.menu a{display:block;color:#d5dbe6;text-decoration:none;padding:8px 10px;border-radius:6px}
.menu a:hover{background:#253246;color:#fff}
.menu a[aria-current=page]{background:#2f6fd0;color:#fff}
.main{flex:1;min-width:0}
.topbar{display:flex;justify-content:flex-end;align-items:center;gap:12px;padding:10px 24px;background:#fff;border-bottom:1px solid #e2e5ea}
.content{padding:24px;max-width:1100px}
h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e2e5ea;vertical-align:top}
th{font-size:13px;color:#5b6475;font-weight:600}
.card{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:16px 20px;margin-bottom:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
.stat{font-size:28px;font-weight:700}
dl.details{display:grid;grid-template-columns:180px 1fr;gap:6px 16px;margin:0}
dl.details dt{color:#5b6475}
dl.details dd{margin:0}
.field{margin-bottom:14px}
.field label,.field legend{display:block;font-weight:600;margin-bottom:4px}
.field input,.field select,.field textarea{font:inherit;padding:7px 9px;border:1px solid #b8bfcc;border-radius:6px;width:100%;max-width:420px}
.field textarea{max-width:640px;min-height:90px}
.field .hint{color:#5b6475;font-size:13px;margin:0 0 4px}
.field .error{color:#b3261e;font-weight:600;margin:0 0 4px}
.field.invalid input,.field.invalid select,.field.invalid textarea{border-color:#b3261e;border-width:2px}
.field input[type=radio],.field input[type=checkbox]{width:auto;margin:0 6px 0 0;vertical-align:middle}
.field label:has(input[type=radio]),.field label:has(input[type=checkbox]){display:flex;align-items:center;gap:6px}
.error-summary{border:2px solid #b3261e;background:#fff;border-radius:8px;padding:12px 16px;margin-bottom:16px}
.error-summary h2{margin-top:0;color:#b3261e}
.notice{border-left:4px solid #2f8a4c;background:#eef8f1;padding:10px 14px;margin-bottom:16px}
.warning{border-left:4px solid #a35a00;background:#fff6e5;padding:10px 14px;margin-bottom:16px}
button,.button{font:inherit;display:inline-block;padding:7px 14px;border-radius:6px;border:1px solid #2f6fd0;background:#2f6fd0;color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#2f6fd0}
.inline{display:inline}
.actions{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:12px 0}
.filters{display:flex;gap:12px;align-items:flex-end;flex-wrap:wrap;margin-bottom:16px}
.filters .field{margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#e7ebf2;font-size:13px}
.muted{color:#5b6475}
.pagination{display:flex;gap:12px;align-items:center;margin-top:12px}
.sign-in{max-width:380px;margin:80px auto}
.note-body{white-space:pre-wrap}
`;
