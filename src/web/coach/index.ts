/** The coach's web pieces, for every client-facing text field: status updates, comments, recommendations, failure reports, … */
export { CoachedTextarea, type CoachedTextareaProps } from './CoachedTextarea';
export { DismissalsPanel } from './DismissalsPanel';
export { CATEGORY_LABEL } from './labels';
