import { AccountabilityRecordEntity } from './accountability-record.entity';
import { PetitionClockEntity } from './petition-clock.entity';
import { PetitionEventEntity } from './petition-event.entity';
import { PetitionIntakeEntity } from './petition-intake.entity';
import { PetitionEntity } from './petition.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

export { AccountabilityRecordEntity, PetitionClockEntity, PetitionEventEntity, PetitionIntakeEntity, PetitionEntity, UnitEntity, UserEntity };
export const ENTITIES = [UnitEntity, UserEntity, PetitionIntakeEntity, PetitionEntity, PetitionEventEntity, PetitionClockEntity, AccountabilityRecordEntity];
