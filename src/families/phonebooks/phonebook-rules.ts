/** MOR's phonebook record checks, in MOR's order; null when the record may be saved. */
export function phonebookRecordError(r: { name: string; number: string; speeddial: string }): string | null {
  if (r.name.trim() === '') return 'Speed Dial name must be provided';
  if (r.number === '') return 'Record number should have at least one digit';
  if (!/^\d+$/.test(r.number)) return 'Record number must be numeric';
  if (!/^\d*$/.test(r.speeddial)) return 'Speed Dial must be numeric';
  if (r.speeddial.length < 2) return 'Speed Dial should have at least two digits';
  return null;
}

export const SPEEDDIAL_TAKEN = 'Speed dial must be unique';
