import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    password = factory.django.Password("correct-horse-battery-staple")


class OrganiserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"organiser{n}")
    is_staff = True
    is_superuser = True
