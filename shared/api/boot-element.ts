/** The id of the JSON data block the hub writes into every staff page (kept free of zod: the app imports it). */
export const BOOT_ELEMENT_ID = 'staff-boot';
