declare module 'libreoffice-convert' {
  type Callback = (err: Error | null, data: Buffer) => void;
  export function convert(document: Buffer, format: string, filter: string | undefined, callback: Callback): void;
  export function convertWithOptions(
    document: Buffer,
    format: string,
    filter: string | undefined,
    options: Record<string, unknown>,
    callback: Callback,
  ): void;
  const _default: { convert: typeof convert; convertWithOptions: typeof convertWithOptions };
  export default _default;
}
