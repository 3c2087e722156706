; Inno Setup 6 script for Jikimi (지킴이): a per-user Windows installer in Korean and English.
;
; Build on Windows, from the repository root, after `uv run python installers\build.py`:
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\jikimi.iss
; or let the build do it:  uv run python installers\build.py --installer
; Output: dist\Jikimi-Setup-<version>.exe
;
; - installs for the current user only (no administrator prompt) into %LOCALAPPDATA%\Programs\Jikimi;
;   an administrator may choose "all users" in the dialog Inno Setup shows (PrivilegesRequiredOverridesAllowed);
; - Start-menu shortcut (and an optional desktop shortcut), the app icon, an uninstaller listed in
;   Settings > Apps; uninstalling keeps the user's Jikimi data (%LOCALAPPDATA%\Jikimi) and says so;
; - the installer's language is Korean or English, picked from Windows' language (asked when unclear).
;   Korean.isl ships with Inno Setup 6.3 and later.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Jikimi"
#define AppExe "jikimi.exe"
#define RepoRoot AddBackslash(SourcePath) + "..\.."

[Setup]
; A fixed id: upgrades replace the previous version instead of installing beside it.
AppId={{E9FFEA93-4B22-479E-9583-0E78F9A496CB}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Jikimi authors
AppCopyright=MIT licence
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Jikimi installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
ShowLanguageDialog=auto
UsePreviousLanguage=no
LicenseFile={#RepoRoot}\LICENSE
SetupIconFile={#RepoRoot}\build\icons\jikimi.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir={#RepoRoot}\dist
OutputBaseFilename=Jikimi-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "ko"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
ko.AppComment=아이 사진 중 누구나 볼 수 있는 것을 찾고, 무엇을 바꿔야 하는지 알려 줍니다.
en.AppComment=See which photos of a child are publicly visible, and what to change.
ko.SelfTestName=지킴이 설치 점검
en.SelfTestName=Jikimi self-test
ko.DataKept=지킴이를 삭제했습니다. 사람, 검사 결과, 보고서 같은 데이터는 %1 에 그대로 남아 있습니다. 필요 없으면 이 폴더를 직접 삭제하세요.
en.DataKept=Jikimi was removed. Your data (people, scans, reports) is still in %1. Delete that folder yourself if you no longer need it.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The PyInstaller one-folder bundle: jikimi.exe (windowed), jikimi-cli.exe (console) and _internal\.
Source: "{#RepoRoot}\dist\jikimi\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoRoot}\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autoprograms}\{cm:SelfTestName}"; Filename: "{cmd}"; Parameters: "/k ""{app}\jikimi-cli.exe"" self-test"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\Jikimi');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
