export const generatedPath: string;
export function generateTypes(): Promise<string>;
