import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { CardTexts } from './card-access';
import { CardByCliService, cliLinkXml } from './card-by-cli.service';
import { CardGroupsService } from './card-groups.service';
import { CardsService, cardXml } from './cards.service';
import { VouchersService } from './vouchers.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];
const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const cards = { family: 'Calling Cards', roles: MANAGERS, roleError: CardTexts.notAuthorized } as const;
const CLI_HASH = ['pin', 'amount', 'callerid', 'cardgroup_id'];

@Controller()
export class CallingCardsController {
  constructor(
    private readonly groups: CardGroupsService,
    private readonly cardsService: CardsService,
    private readonly byCli: CardByCliService,
    private readonly vouchers: VouchersService,
  ) {}

  @MorMethod({ ...cards, name: 'cc_group_create', summary: 'Create a calling-card group', hash: ['name'], access: 'write', errorEnvelope: 'status' })
  async groupCreate(_input: Params, ctx: MorContext) {
    await this.groups.create(ctx.caller!, ctx.params);
    return successDoc(CardTexts.groupCreated);
  }

  @MorMethod({ ...cards, name: 'cc_group_update', summary: 'Change a calling-card group', hash: ['cc_group_id'], access: 'write', errorEnvelope: 'status' })
  async groupUpdate(_input: Params, ctx: MorContext) {
    await this.groups.update(ctx.caller!, ctx.params);
    return successDoc(CardTexts.groupUpdated);
  }

  @MorMethod({ ...cards, name: 'cc_groups_get', summary: "The caller's calling-card groups, or one", hash: [], access: 'read', errorEnvelope: 'status' })
  async groupsGet(_input: Params, ctx: MorContext) {
    return { page: { cc_groups: { cc_group: await this.groups.list(ctx.caller!, ctx.params) } } };
  }

  @MorMethod({ family: 'Calling Cards', name: 'card_group_get', aliases: ['show_calling_card_group'], summary: "A card group's public details (web shop)", hash: ['id'], access: 'read', roles: ALL })
  async groupShow(_input: Params, ctx: MorContext) {
    return { page: { cardgroup: await this.groups.show(ctx.caller!, ctx.params.id) } };
  }

  @MorMethod({
    family: 'Calling Cards', name: 'card_from_group_sell', aliases: ['buy_card_from_callingroup'], summary: 'Sell free cards of a group',
    hash: ['email', 'id', 'quantity'], hashAlso: [['id', 'quantity']], access: 'write', roles: ALL,
  })
  async sell(_input: Params, ctx: MorContext) {
    return { page: { cards: { card: await this.cardsService.sell(ctx.caller!, ctx.params) } } };
  }

  @MorMethod({ ...cards, name: 'card_by_cli_update', aliases: ['cc_by_cli'], summary: 'Bind a caller id to a card (pinless) and add funds or move a balance', hash: CLI_HASH, access: 'write', roleError: 'Access Denied', duplicateError: CardTexts.failedTransaction })
  async byCliUpdate(_input: Params, ctx: MorContext) {
    return cliLinkXml(await this.byCli.link(ctx.caller!, ctx.params), false);
  }

  @MorMethod({ ...cards, name: 'cc_by_cli_old', summary: 'card_by_cli_update as MOR before X4 (the card with balance_with_vat)', hash: CLI_HASH, access: 'write', roleError: 'Access Denied', duplicateError: CardTexts.failedTransaction })
  async byCliOld(_input: Params, ctx: MorContext) {
    return cliLinkXml(await this.byCli.link(ctx.caller!, ctx.params), true);
  }

  @MorMethod({ ...cards, name: 'calling_cards_get', summary: 'Search calling cards', hash: [], access: 'read', errorEnvelope: 'status' })
  async cardsGet(_input: Params, ctx: MorContext) {
    return { page: { cards: { card: (await this.cardsService.search(ctx.caller!, ctx.params)).map(cardXml) } } };
  }

  @MorMethod({ ...cards, name: 'calling_cards_create', summary: 'Create the cards of a number range in a group (one batched write)', hash: ['card_group_id', 'cards_from', 'cards_till'], access: 'write', errorEnvelope: 'status', duplicateError: 'Cards already exist' })
  async cardsCreate(_input: Params, ctx: MorContext) {
    const r = await this.cardsService.create(ctx.caller!, ctx.params);
    return { page: { status: `Cards created: ${r.created}/${r.requested}` } };
  }

  /** 04 §Q4: `card_id` (MOR's source and the example) or the secret alone (the page's text). */
  @MorMethod({ ...cards, name: 'calling_card_update', summary: "Change a card's fields", hash: ['card_id'], hashAlso: [[]], access: 'write' })
  async cardUpdate(_input: Params, ctx: MorContext) {
    await this.cardsService.update(ctx.caller!, ctx.params);
    return { page: { success: CardTexts.cardUpdated } };
  }

  @MorMethod({ family: 'Calling Cards', name: 'card_balance_get', summary: "A card's balance by its number", hash: ['number'], access: 'read', roles: ALL })
  async balance(_input: Params, ctx: MorContext) {
    return { page: { calling_card: await this.cardsService.balance(ctx.caller!, ctx.params.number) } };
  }

  /** 06 A2: the newest order (MOR's global one) and the 2013 page's. */
  @MorMethod({
    family: 'Calling Cards', name: 'card_payment_add', summary: 'Top up a sold card (a payment)', hash: ['description', 'number', 'amount', 'currency'],
    hashAlso: [['number', 'amount', 'currency', 'description']], access: 'write', roles: ALL, errorEnvelope: 'status',
  })
  async payment(_input: Params, ctx: MorContext) {
    return this.cardsService.payment(ctx.caller!, ctx.params);
  }

  @MorMethod({ family: 'Vouchers', name: 'voucher_use', summary: "Redeem a voucher onto a user's balance", hash: ['voucher_number'], access: 'write', roles: ALL })
  async voucherUse(_input: Params, ctx: MorContext) {
    return this.vouchers.use(ctx.caller!, ctx.params);
  }
}
