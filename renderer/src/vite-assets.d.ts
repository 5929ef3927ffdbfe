// Vite's `?url` imports: the file is copied into the build's assets (served by the app itself, 'self' in
// the CSP) and the import gives its URL.
declare module '*?url' {
  const url: string;
  export default url;
}
