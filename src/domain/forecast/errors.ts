/** Raised for inputs the forecast cannot interpret; `itemId` names the offending item when there is one. */
export class ForecastInputError extends Error {
  readonly itemId: string | undefined;

  constructor(message: string, itemId?: string) {
    super(message);
    this.name = 'ForecastInputError';
    this.itemId = itemId;
  }
}
