import { Column, ColumnOptions, ValueTransformer } from 'typeorm';
import { toStorage } from '../billing/money';

/**
 * mysql2 hands DECIMAL back as a string, SQLite as a number; both become the same canonical
 * string (scale 6), so entities never carry a binary float amount.
 */
const decimalTransformer: ValueTransformer = {
  from: (value: string | number | null) => (value === null || value === undefined ? value : toStorage(value)),
  to: (value: string | null | undefined) => (value === null || value === undefined ? value : toStorage(value)),
};

export function DecimalColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'decimal', precision: 20, scale: 6, default: '0', transformer: decimalTransformer, ...options });
}
