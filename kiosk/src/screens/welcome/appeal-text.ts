/**
 * Seed 000 §1.5–1.6: the survey is anonymous and nobody answers it; a complaint that needs an
 * answer is a written appeal (answered within 30 days under 59-ФЗ), or the hotline.
 */
export const CENTRE_ADDRESS = '156013, г. Кострома, ул. Комсомольская, д. 81А';

/** Where a written appeal goes. The Костромское отделение sits at the centre's own address: said once. */
export function appealWhere(officeAddress: string | null): string {
  if (officeAddress === null) return `по почте в ОГКУ «ЦЗН Костромской области»: ${CENTRE_ADDRESS}`;
  if (officeAddress.replace(/\s+/g, ' ').trim() === CENTRE_ADDRESS) return `в ОГКУ «ЦЗН Костромской области» лично или по почте: ${CENTRE_ADDRESS}`;
  return `лично по адресу ${officeAddress} или по почте в ОГКУ «ЦЗН Костромской области»: ${CENTRE_ADDRESS}`;
}
