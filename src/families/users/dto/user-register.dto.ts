import { IdParam, MaxLength, OneOf, Required } from '../../../api/dto';

export const DEVICE_TYPES = ['SIP', 'IAX2', 'Virtual'] as const;

/** user_register's fields, checked in the order MOR reports them. */
export class UserRegisterDto {
  @Required('Please enter username') @MaxLength(100, 'Please enter username') username: string;
  @Required('Enter device type') @OneOf(DEVICE_TYPES, 'Enter device type') device_type: string;
  @Required('Please enter first name') @MaxLength(255, 'Please enter first name') first_name: string;
  @Required('Please enter last name') @MaxLength(255, 'Please enter last name') last_name: string;
  @Required('Please select country') @IdParam('Please select country') country_id: string;
  @Required('Please enter email') @MaxLength(255, 'Please enter email') email: string;
  @Required('Password must be longer than 7 characters or short passwords in Devices should be allowed') @MaxLength(255, 'Passwords do not match') password: string;
  password2?: string;
  @IdParam('LCR was not found') lcr_id?: string;
  @IdParam('Location was not found') device_location_id?: string;
  @IdParam('Tariff was not found') tariff?: string;
  @MaxLength(255, 'Access Denied') caller_id?: string;
  @MaxLength(100, 'Access Denied') state?: string;
  @MaxLength(50, 'User with mobile phone already exists') mob_phone?: string;
  @MaxLength(50, 'User with phone already exists') phone?: string;
  @MaxLength(50, 'User with fax already exists') fax?: string;
  @MaxLength(100, 'Access Denied') client_id?: string;
  @MaxLength(100, 'Access Denied') vat_number?: string;
  @MaxLength(100, 'Access Denied') county?: string;
  @MaxLength(100, 'Access Denied') city?: string;
  @MaxLength(50, 'Access Denied') postcode?: string;
  @MaxLength(255, 'Access Denied') address?: string;
}
