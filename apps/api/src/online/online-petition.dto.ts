/** Request and response shapes of 网上信访: the public page's and the registrar's intake queue's. */
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PETITION_CATEGORIES, type PetitionCategory } from '@/libs/process/policy';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '@/libs/process/online-petition';
import { EmptyAsAbsent } from '../common/empty-as-absent';
import { ApiInstant } from '../common/wire-instant';
import { RegisterPetitionDto } from '../petitions/dto/register-petition.dto';
import { MilestoneEmail, MilestonePhone } from '../petitions/dto/milestone-opt-in';

const CATEGORY_DESCRIPTION = 'suggestion 建议意见 · accusation 检举控告 · appeal 申诉求决';

/** The `submission` part of the multipart request. */
export class SubmitOnlinePetitionDto {
  @ApiProperty({ example: 'x-xfj', description: 'the petition office (信访局) of the area the matter belongs to' })
  @IsString()
  @Length(1, 100)
  officeUnitId!: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @Length(1, 100)
  petitionerName!: string;

  @ApiPropertyOptional({ example: '110101199003071234', description: '居民身份证号码 (18 characters); this or phone' })
  @EmptyAsAbsent()
  @IsOptional()
  @Matches(/^\d{17}[\dXx]$/, { message: 'idNumber must be an 18-character 居民身份证号码' })
  idNumber?: string;

  @ApiPropertyOptional({ example: '13800138000', description: 'a phone number; this or idNumber' })
  @EmptyAsAbsent()
  @IsOptional()
  @Matches(/^\+?[\d\s()-]{5,30}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiProperty({ example: '示县城关镇幸福路 1 号' })
  @IsString()
  @Length(1, 300)
  address!: string;

  @ApiProperty({ enum: PETITION_CATEGORIES, description: CATEGORY_DESCRIPTION })
  @IsIn(PETITION_CATEGORIES as string[])
  category!: PetitionCategory;

  @ApiProperty({ example: '请求公开小区物业维修基金的使用情况', description: '信访请求' })
  @IsString()
  @Length(1, 2000)
  request!: string;

  @ApiProperty({ example: '2026 年以来物业多次动用维修基金，未向业主公示。', description: '事实和理由' })
  @IsString()
  @Length(1, 5000)
  facts!: string;

  @MilestoneEmail()
  milestoneEmail?: string;

  @MilestonePhone()
  milestonePhone?: string;

  @ApiProperty({
    description: 'the submitter agrees to the privacy notice (GET /public/online-petitions/form); must be true',
  })
  @IsBoolean()
  consent!: boolean;

  @ApiProperty({ description: "the ALTCHA widget's payload (base64): a solved proof-of-work challenge of this server" })
  @IsString()
  @Length(1, 20_000)
  altcha!: string;
}

export class OnlineOfficeView {
  @ApiProperty({ example: 'x-xfj' }) unitId!: string;
  @ApiProperty({ example: '示县信访局' }) name!: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'township'] }) level!: string;
}

export class PrivacyNoticeView {
  @ApiProperty({ example: '2026-12' }) version!: string;
  @ApiProperty({ description: 'zh-CN, one paragraph a line' }) text!: string;
}

export class OnlineFormView {
  @ApiProperty({ type: [OnlineOfficeView], description: 'the petition offices a submission may be addressed to' })
  offices!: OnlineOfficeView[];
  @ApiProperty({ type: PrivacyNoticeView }) privacyNotice!: PrivacyNoticeView;
  @ApiProperty({ example: 5 }) maxFiles!: number;
  @ApiProperty({ example: 10485760 }) maxFileBytes!: number;
  @ApiProperty({ type: [String], example: ['image/jpeg', 'application/pdf'] }) acceptedTypes!: string[];
}

export class OnlineReceiptView {
  @ApiProperty({ example: '网上信访〔2026〕第00012号', description: 'the submission number (提交编号)' })
  submissionNumber!: string;
  @ApiProperty({
    example: 'K7QM-4XR2-9HTP',
    description: '查询码: with the submission number, follows the submission and its case',
  })
  queryCode!: string;
  @ApiInstant('when it was received: the routing clock of its case counts from here') submittedAt!: string;
  @ApiProperty({ example: '示县信访局' }) officeName!: string;
  @ApiProperty({ description: 'false when this request repeated an earlier one with the same Idempotency-Key' })
  created!: boolean;
}

export class OnlineStatusView {
  @ApiProperty({ example: '网上信访〔2026〕第00012号' }) submissionNumber!: string;
  @ApiInstant('when it was received') submittedAt!: string;
  @ApiProperty({ example: '示县信访局' }) officeName!: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status!: SubmissionStatus;
  @ApiProperty({ example: '已收到，待登记' }) statusText!: string;
  @ApiProperty({ type: String, nullable: true, example: '示县信〔2026〕第00123号', description: 'once registered' })
  caseNumber!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '不予登记: why it is not a petition (告知)' })
  notRegisteredReason!: string | null;
  @ApiInstant('when it was registered or refused', { nullable: true }) decidedAt!: string | null;
}

export class SubmissionFileView {
  @ApiProperty({ example: 1 }) seq!: number;
  @ApiProperty({ example: '现场照片.jpg' }) fileName!: string;
  @ApiProperty({ example: 'image/jpeg', description: 'as told by the bytes' }) contentType!: string;
  @ApiProperty({ example: 204800 }) size!: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256!: string;
}

export class OnlineIntakeItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '网上信访〔2026〕第00012号' }) submissionNumber!: string;
  @ApiInstant('when it was received') submittedAt!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES }) category!: PetitionCategory;
  @ApiProperty({ example: '张*', description: 'masked in lists' }) petitionerName!: string;
  @ApiProperty({ type: String, nullable: true, example: '138****8000', description: 'masked in lists' })
  phone!: string | null;
  @ApiProperty({ description: 'the request, its first 100 characters' }) request!: string;
  @ApiProperty({ example: 1 }) fileCount!: number;
}

export class OnlineIntakeDetailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '网上信访〔2026〕第00012号' }) submissionNumber!: string;
  @ApiInstant('when it was received: a registration keeps it as receivedAt') submittedAt!: string;
  @ApiProperty({ example: 'x-xfj' }) officeUnitId!: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status!: SubmissionStatus;
  @ApiProperty({ example: '张三' }) petitionerName!: string;
  @ApiProperty({ type: String, nullable: true }) idNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() address!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES }) category!: PetitionCategory;
  @ApiProperty() request!: string;
  @ApiProperty() facts!: string;
  @ApiInstant('when the privacy notice was agreed to') consentedAt!: string;
  @ApiProperty({ type: [SubmissionFileView] }) files!: SubmissionFileView[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the case, once registered' })
  petitionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) notRegisteredReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '进展通知: the e-mail the submitter opted in with' })
  milestoneEmail!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '进展通知: the mobile number the submitter opted in with' })
  milestonePhone!: string | null;
}

/** 登记为信访事项: what the registrar confirms; the channel (online) and receivedAt (the submission instant) are not theirs to change. */
export class RegisterOnlineDto extends OmitType(RegisterPetitionDto, ['channel', 'receivedAt'] as const) {}

export class NotRegisterOnlineDto {
  @ApiProperty({
    example: '所反映事项属于民事纠纷，请依法向人民法院提起诉讼。',
    description: '不予登记: why it is not a petition, told to the submitter (zh-CN)',
  })
  @IsString()
  @Length(2, 1000)
  reason!: string;
}

export class OnlineRegistrationView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ example: '示县信〔2026〕第00123号' }) caseNumber!: string;
  @ApiProperty({ example: '网上信访〔2026〕第00012号' }) submissionNumber!: string;
  @ApiInstant('receivedAt of the case: the submission instant') receivedAt!: string;
  @ApiProperty({ description: 'false when it was registered before (a retry)' }) created!: boolean;
  @ApiProperty({ example: 1, description: 'files carried over to the case' }) filesCarriedOver!: number;
}
