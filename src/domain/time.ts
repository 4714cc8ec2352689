/** Small date helpers, pure. Dates are UTC throughout Candor. */
export const addHours = (d: Date, h: number): Date => new Date(d.getTime() + h * 3_600_000);
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
