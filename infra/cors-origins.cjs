// serverless.yml wants a list; operators set one comma-separated variable (the same one the Lambdas read).
module.exports = () =>
  (process.env.CORS_ALLOWED_ORIGINS ?? 'http://localhost:5173')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
