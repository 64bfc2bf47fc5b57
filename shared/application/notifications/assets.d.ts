// The live order page's files, bundled as text by esbuild (`with { type: 'text' }`).
declare module '*.html' {
  const text: string;
  export default text;
}
declare module '*/web/app.js' {
  const text: string;
  export default text;
}
