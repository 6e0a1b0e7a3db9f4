import { MaxLength, Required } from '../../../api/dto';

export class ResellerGroupCreateDto {
  @Required('Reseller Group Name must be specified') @MaxLength(255, 'Reseller Group Name must be specified') name: string;
  @MaxLength(255, 'Reseller Group Name must be specified') rg_description?: string;
}
