/** MOR's phonebook record checks, in MOR's order; null when the record may be saved. */
export function phonebookRecordError(r: { name: string; number: string; speeddial: string }): string | null {
  // Values longer than their columns (name 255, number 100, speed dial 20) get the nearest MOR text.
  if (r.name.trim() === '' || r.name.length > 255) return 'Speed Dial name must be provided';
  if (r.number === '') return 'Record number should have at least one digit';
  if (!/^\d{1,100}$/.test(r.number)) return 'Record number must be numeric';
  if (!/^\d{0,20}$/.test(r.speeddial)) return 'Speed Dial must be numeric';
  if (r.speeddial.length < 2) return 'Speed Dial should have at least two digits';
  return null;
}

export const SPEEDDIAL_TAKEN = 'Speed dial must be unique';
