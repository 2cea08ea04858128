import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { EMAIL_DOMAIN_PATTERN, MAX_EMAIL_DOMAINS } from '../email-domain.rules.js';

@InputType()
export class SetOrganisationEmailDomainsInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'organisationId must be an organisation id (UUID)' })
  organisationId: string;

  @Field(() => [String], { description: 'Every domain its users may have addresses at, e.g. nhs.net; replaces the list. Empty: none.' })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((d) => (typeof d === 'string' ? d.trim().toLowerCase() : d)) : value))
  @IsArray()
  @ArrayMaxSize(MAX_EMAIL_DOMAINS, { message: `domains must have at most ${MAX_EMAIL_DOMAINS} domains` })
  @ArrayUnique({ message: 'domains must not repeat a domain' })
  @IsString({ each: true })
  @MaxLength(253, { each: true, message: 'each domain must be at most 253 characters' })
  @Matches(EMAIL_DOMAIN_PATTERN, { each: true, message: 'each domain must be a domain name such as nhs.net: letters, digits, hyphens and dots' })
  domains: string[];
}
