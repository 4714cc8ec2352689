/** An outcome's value with its unit: "12%", "3.5 h", "40 tickets". */
export const formatOutcomeValue = (n: number, unit: string) => `${Number.isInteger(n) ? n : n.toFixed(1)}${unit ? (unit.length <= 2 ? unit : ` ${unit}`) : ''}`;
